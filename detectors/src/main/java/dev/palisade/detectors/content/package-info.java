/**
 * Detection of banned terms and topics and of unsafe links in model output, and the text
 * machinery (normalization with offset maps, multi-string matching) the output detectors share.
 */
package dev.palisade.detectors.content;
