package dev.seqae.intake;

import java.util.List;
import org.h2.jdbcx.JdbcDataSource;

/** The victim of {@link RecordStoreKillTest}: appends batches and prints each acknowledged total. */
public final class IntakeChurn {
    private IntakeChurn() {
    }

    public static void main(String[] args) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(args[0]);
        RecordStore store = new RecordStore(ds);
        store.migrate();
        for (int i = 0; ; i++) {
            long total = store.append("k", RecordStore.Kind.POINTS,
                    List.<float[][]>of(new float[][] {{i}}, new float[][] {{i + 0.5f}}, new float[][] {{-i}}));
            System.out.println("ack " + total);         // the answer a client would get
            System.out.flush();
        }
    }
}
