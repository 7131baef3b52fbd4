/**
 * Low-dimensional views of the latent space: {@link dev.seqae.projection.Projector} (PCA with the
 * variance each component explains; t-SNE, seeded, with PCA reduction and stratified sampling
 * above a size limit — both through Smile) and {@link dev.seqae.projection.Neighbours} (how well a
 * projection keeps labelled classes together). No Micronaut here.
 */
package dev.seqae.projection;
