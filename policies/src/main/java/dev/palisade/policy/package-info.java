/** Policy files: format, loading, overlays, packs, and building a Guard from a policy. */
package dev.palisade.policy;
