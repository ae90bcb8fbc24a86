/** JMH benchmarks. */
package dev.palisade.bench;
