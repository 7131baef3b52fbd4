/**
 * The HTTP service ({@code seqae serve}): a thin Micronaut adapter over the core. {@link
 * dev.seqae.service.ModelRegistry} holds the loaded models and swaps them atomically; {@link
 * dev.seqae.service.ModelController} parses requests (with messages that name the bad field),
 * calls the core and shapes the JSON; errors are {@code application/problem+json}.
 */
package dev.seqae.service;
