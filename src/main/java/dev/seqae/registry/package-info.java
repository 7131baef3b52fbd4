/**
 * Versioned model storage ({@link dev.seqae.registry.VersionStore}): numbered versions per model
 * name, each a self-contained model file plus a manifest, and one atomically switched active
 * pointer. No Micronaut here.
 */
package dev.seqae.registry;
