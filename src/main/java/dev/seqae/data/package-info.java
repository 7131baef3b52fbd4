/**
 * Reading, windowing, normalising and batching sequence data. {@link dev.seqae.data.CsvDataReader}
 * reads the three CSV layouts; {@link dev.seqae.data.Windows} cuts long series and maps window
 * results back to points; {@link dev.seqae.data.Normalizer} is fitted on training data and saved
 * with a model; {@link dev.seqae.data.SequenceTensors} is the only class that knows the network's
 * tensor layout. May depend on ND4J and commons-csv; never on Micronaut or on other seqae packages
 * except {@code errors}.
 */
package dev.seqae.data;
