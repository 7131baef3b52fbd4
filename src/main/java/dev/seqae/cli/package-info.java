/**
 * The {@code seqae} command line (picocli through micronaut-picocli): a thin adapter that parses
 * options, calls the core and prints. The only package that may import Micronaut.
 */
package dev.seqae.cli;
