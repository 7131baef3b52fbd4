/**
 * The Apache Spark adapter: {@code spark-submit} jobs over the framework-free core, for data and
 * model counts one machine does not handle — batch scoring, encoding and detection
 * ({@link dev.seqae.spark.ScoreJob}, {@link dev.seqae.spark.EncodeJob}, {@link dev.seqae.spark.DetectJob}),
 * one model per entity ({@link dev.seqae.spark.TrainManyJob}) and data-parallel training of one
 * model ({@link dev.seqae.spark.TrainJob}).
 *
 * <p>Like {@code cli} and {@code service} it is thin: it reads tables through Spark (Parquet or
 * CSV, through Hadoop's FileSystem), assembles sequences inside the executors
 * ({@link dev.seqae.spark.SequenceRows}), hands them to the core in batches and writes tables back,
 * atomically ({@link dev.seqae.spark.StagedOutput}). Models travel as the bytes of their file
 * ({@link dev.seqae.spark.ModelBytes}), never as Java-serialised ND4J objects. Data-parallel training
 * gives the core's {@link dev.seqae.model.Trainer} a {@link dev.seqae.model.TrainingData} whose
 * sequences stay in the executors ({@link dev.seqae.spark.SparkTrainingData}: parameters averaged
 * every K minibatches, or gradients combined every one). Nothing in the core
 * imports Spark; Spark is a {@code provided} dependency and the jobs ship as
 * {@code target/seqae-spark.jar} (docs/spark.md).
 */
package dev.seqae.spark;
