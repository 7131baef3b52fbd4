/**
 * The HTTP API's contract: the typed request and answer bodies of every endpoint (records, named
 * in snake_case on the wire) and the annotations that declare each operation's error answers and
 * key. micronaut-openapi generates the published OpenAPI document ({@code /swagger/seqae-1.yml})
 * from these and the controllers; the service tests validate every exchange against it.
 */
package dev.seqae.service.api;
