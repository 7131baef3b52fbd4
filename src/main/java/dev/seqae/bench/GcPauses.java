package dev.seqae.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collector's pauses while a phase of a benchmark runs: every collection the JVM reports
 * (its duration in milliseconds, as the JVM's notification gives it) between {@link #start()} and
 * {@link #close()}.
 */
final class GcPauses implements AutoCloseable {
    private final List<String> pauses = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::handle;

    private GcPauses() {
    }

    /** Starts recording. */
    static GcPauses start() {
        GcPauses p = new GcPauses();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(p.listener, null, null);
                p.emitters.add(e);
            }
        }
        return p;
    }

    private void handle(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        pauses.add(info.getGcName() + ":" + info.getGcInfo().getDuration());
    }

    /** What was recorded: {@code count}, {@code max_ms}, {@code total_ms} and each pause ({@code collector:ms}). */
    Map<String, Object> summary() {
        List<String> all;
        synchronized (pauses) {
            all = List.copyOf(pauses);
        }
        long max = 0;
        long total = 0;
        for (String p : all) {
            long ms = Long.parseLong(p.substring(p.lastIndexOf(':') + 1));
            max = Math.max(max, ms);
            total += ms;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", all.size());
        out.put("max_ms", max);
        out.put("total_ms", total);
        out.put("pauses", all.size() > 100 ? all.subList(all.size() - 100, all.size()) : all);
        return out;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
