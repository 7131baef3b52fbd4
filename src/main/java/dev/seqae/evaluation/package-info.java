/**
 * {@code seqae evaluate}: benchmark suites that train and detect over labelled public data and
 * report the metrics the literature reports (see docs/evaluation.md). Core code: no Micronaut;
 * depends on {@code data}, {@code model} and {@code anomaly}.
 */
package dev.seqae.evaluation;
