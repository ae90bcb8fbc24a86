/** Implementations of the detector SPI: personal data, injection, secrets, content, leakage. */
package dev.palisade.detectors;
