/** Text machinery shared by the detectors: multi-string matching. */
package dev.palisade.detectors.text;
