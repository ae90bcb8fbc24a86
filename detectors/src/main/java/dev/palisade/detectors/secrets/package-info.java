/** Detection of credentials and keys in text: {@link dev.palisade.detectors.secrets.SecretsDetector}. */
package dev.palisade.detectors.secrets;
