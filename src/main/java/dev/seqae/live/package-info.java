/**
 * Live detection over streams of points: {@link dev.seqae.live.LiveStream} is one stream's state —
 * its recent points, the windows to score as points arrive, the causal smoothing of the point
 * scores, the threshold (the model's, or refitted on the stream's own recent scores) and the
 * interval state machine that opens an anomaly when the score rises above the threshold and
 * closes it once it has stayed below for a while. {@link dev.seqae.live.LiveDetection} scores the
 * windows of many streams through a model in one batch and replays a whole series point by point
 * (what {@code seqae stream} and {@code seqae detect --causal} do). The state is a plain record
 * ({@link dev.seqae.live.LiveStream.State}) so that the service can store it and continue a stream
 * after a restart. Plain Java: no Micronaut, no Spark, no database.
 */
package dev.seqae.live;
