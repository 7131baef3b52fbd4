/** Small numerical helpers shared by the core (no framework, no ND4J). */
package dev.seqae.math;
