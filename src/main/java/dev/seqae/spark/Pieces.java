package dev.seqae.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A partition's sequences ({@link SequenceRows.Piece}s, however they were read), handed out one
 * at a time, in batches, or an entity at a time.
 */
final class Pieces implements Iterator<SequenceRows.Piece> {
    private final Iterator<SequenceRows.Piece> source;
    private SequenceRows.Piece pushBack;

    Pieces(Iterator<SequenceRows.Piece> source) {
        this.source = source;
    }

    @Override
    public boolean hasNext() {
        return pushBack != null || source.hasNext();
    }

    @Override
    public SequenceRows.Piece next() {
        if (pushBack != null) {
            SequenceRows.Piece p = pushBack;
            pushBack = null;
            return p;
        }
        if (!source.hasNext()) {
            throw new NoSuchElementException();
        }
        return source.next();
    }

    /** The next entity's pieces (all consecutive pieces with the entity of the next one). */
    List<SequenceRows.Piece> entity() {
        List<SequenceRows.Piece> out = new ArrayList<>();
        out.add(next());
        while (hasNext()) {
            SequenceRows.Piece p = next();
            if (!Objects.equals(p.entity(), out.get(0).entity())) {
                pushBack = p;
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** The next {@code size} pieces (fewer at the end). */
    List<SequenceRows.Piece> batch(int size) {
        List<SequenceRows.Piece> out = new ArrayList<>(size);
        while (out.size() < size && hasNext()) {
            out.add(next());
        }
        return out;
    }
}
