package dev.palisade.cli;

/** Entry point of the palisade command. */
public final class Main {
  public static void main(String[] args) {
    System.exit(0);
  }
}
