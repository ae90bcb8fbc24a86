/** Runnable examples, one per use case. */
package dev.palisade.examples;
