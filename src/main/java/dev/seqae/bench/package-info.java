/**
 * Benchmarks run on purpose ({@code seqae bench}), printing JSON comparable with the peer
 * benchmark in {@code ../shared/peer-bench}. Depends on the core packages; never on Micronaut.
 */
package dev.seqae.bench;
