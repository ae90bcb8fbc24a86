/** Detection of system-prompt leakage: canary tokens and copied prompt text. */
package dev.palisade.detectors.leakage;
