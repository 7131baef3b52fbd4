/**
 * Exceptions shared by every layer. {@link dev.seqae.errors.InvalidInputException} and its
 * subclasses mean "the user gave something wrong" (exit code 2, HTTP 4xx); anything else is an
 * internal error. Depends on nothing.
 */
package dev.seqae.errors;
