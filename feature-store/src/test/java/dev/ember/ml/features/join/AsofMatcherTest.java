package dev.ember.ml.features.join;

import dev.ember.ml.core.data.Column;
import dev.ember.ml.core.data.ColumnBuilder;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Field;
import dev.ember.ml.testkit.Seeds;
import org.junit.jupiter.api.Test;

import java.nio.LongBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The as-of match of a bucket against a brute-force scan, on random buckets with many ties of event and created
 * time, narrow and extreme time spans (the packed sort and its comparator fallback), TTL edges, and the direct and
 * hashed key-id lookups.
 */
class AsofMatcherTest {
    @Test
    void matchesBruteForceOnRandomBuckets() {
        for (int s = 0; s < 12; s++) {
            long seed = Seeds.announce("AsofMatcherTest.matchesBruteForceOnRandomBuckets", 4200 + s);
            Random r = new Random(seed);
            int keys = 1 + r.nextInt(20);
            int ent = 1 + r.nextInt(200);
            int feat = r.nextInt(600);
            int n = ent + feat;
            boolean extreme = s % 3 == 2;
            long[] key = new long[n];
            long[] ts = new long[n];
            long[] created = new long[n];
            long[] seq = new long[n];
            long[] row = new long[n];
            for (int i = 0; i < n; i++) {
                key[i] = r.nextInt(keys);
                ts[i] = extreme && r.nextInt(4) == 0 ? (r.nextBoolean() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2)
                    : r.nextInt(30);  // few distinct times: many ties
                boolean e = i < ent;
                created[i] = e || r.nextInt(5) == 0 ? Long.MIN_VALUE : r.nextInt(3);
                seq[i] = e ? 0 : 1000 + (long) i * 3;
                row[i] = e ? 10 * i : -1;
            }
            long ttl = s % 4 == 0 ? -1 : r.nextInt(10);
            long[] outRows = new long[n];
            long[] outMatch = new long[n];
            int m = AsofMatcher.match(LongBuffer.wrap(key), LongBuffer.wrap(ts), LongBuffer.wrap(created),
                LongBuffer.wrap(seq), LongBuffer.wrap(row), ttl, outRows,
                outMatch);
            assertEquals(ent, m, "seed " + seed);
            long[] got = new long[ent];
            for (int k = 0; k < m; k++) {
                got[(int) (outRows[k] / 10)] = outMatch[k];
            }
            long[] want = new long[ent];
            for (int e = 0; e < ent; e++) {
                int best = -1;
                for (int i = ent; i < n; i++) {
                    if (key[i] == key[e] && ts[i] <= ts[e] && (best < 0 || ts[i] > ts[best]
                        || ts[i] == ts[best] && (created[i] > created[best]
                        || created[i] == created[best] && seq[i] > seq[best]))) {
                        best = i;
                    }
                }
                want[e] = best >= 0 && (ttl < 0 || ts[best] >= ts[e] - ttl) ? seq[best] : -1;
            }
            assertArrayEquals(want, got, "seed " + seed + " ttl " + ttl);
        }
    }

    @Test
    void looksUpIntegerKeysDirectlyOrHashed() {
        for (long spread : new long[] {1, 1L << 40}) {  // a dense range (direct table) and a wide one (hash table)
            KeyIndex idx = new KeyIndex();
            long[] known = {5 * spread, 7 * spread, 9 * spread};
            for (long k : known) {
                idx.longId(k, true);
            }
            ColumnBuilder kb = new ColumnBuilder(Field.of("key", DataType.LONG, true), 8);
            ColumnBuilder tb = new ColumnBuilder(Field.of("ts", DataType.TIMESTAMP, true), 8);
            long[] keys = {7 * spread, 4 * spread, 5 * spread, 9 * spread, 9 * spread, 100 * spread};
            for (int i = 0; i < keys.length; i++) {
                if (i == 4) {
                    kb.appendNull();
                } else {
                    kb.appendLong(keys[i]);
                }
                if (i == 3) {
                    tb.appendNull();
                } else {
                    tb.appendLong(i);
                }
            }
            Column kc = kb.build();
            Column tc = tb.build();
            int[] out = new int[keys.length];
            idx.longIds(kc, tc, out);
            assertArrayEquals(new int[] {1, -1, 0, -1, -1, -1}, out, "spread " + spread);
            ColumnBuilder ib = new ColumnBuilder(Field.of("key", DataType.INT, false), 3);
            ib.appendInt(9);
            ib.appendInt(5);
            ib.appendInt(6);
            if (spread == 1) {
                idx.longIds(ib.build(), null, out);
                assertArrayEquals(new int[] {2, 0, -1}, java.util.Arrays.copyOf(out, 3));
            }
        }
    }
}
