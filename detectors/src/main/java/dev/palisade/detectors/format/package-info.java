/** Validation of model answers against a request's JSON response format. */
package dev.palisade.detectors.format;
