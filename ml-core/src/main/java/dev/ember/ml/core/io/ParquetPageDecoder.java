package dev.ember.ml.core.io;

import dev.ember.ml.core.InvalidStateException;
import dev.ember.ml.core.data.ColumnBuilder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.column.Dictionary;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decodes a fixed-width column chunk (DOUBLE, FLOAT, INT64, INT32 without conversion, not repeated) page by page,
 * straight from the page bytes: a PLAIN page's values are copied into the {@link ColumnBuilder} in one bulk copy
 * per run of non-null values ({@link ColumnBuilder#appendPlain}), which is where a Parquet scan of numeric features
 * spends its time; other encodings (dictionary, byte-stream-split, delta) are read value by value through
 * Parquet's own readers. Definition levels of OPTIONAL columns are read from the page (V1 and V2 layouts).
 */
final class ParquetPageDecoder {
    private final ColumnDescriptor descriptor;
    private final ParquetColumnPlan.Kind kind;
    private final int maxDef;
    private int[] levels = new int[0];

    /**
     * @param descriptor the leaf column
     * @param kind its conversion, one {@link #supports} accepts
     */
    ParquetPageDecoder(ColumnDescriptor descriptor, ParquetColumnPlan.Kind kind) {
        this.descriptor = descriptor;
        this.kind = kind;
        this.maxDef = descriptor.getMaxDefinitionLevel();
    }

    /**
     * @param plan a column's plan
     * @param descriptor its leaf column
     * @return whether this decoder reads it (a scalar fixed-width kind stored as it is read, not repeated)
     */
    static boolean supports(ParquetColumnPlan plan, ColumnDescriptor descriptor) {
        if (descriptor.getMaxRepetitionLevel() != 0 || descriptor.getMaxDefinitionLevel() > 1) {
            return false;
        }
        return switch (plan.kind()) {
            case DOUBLE, FLOAT, LONG, TIMESTAMP_MICROS, INT -> true;
            default -> false;
        };
    }

    /**
     * Appends the chunk's rows to the builder.
     *
     * @param pages the chunk's pages (consumed)
     * @param rows the rows the row group holds
     * @param b the builder
     * @throws ParquetDecodingException if the pages do not hold {@code rows} values
     */
    void decode(PageReader pages, long rows, ColumnBuilder b) {
        DictionaryPage dictionaryPage = pages.readDictionaryPage();
        Dictionary dictionary = null;
        if (dictionaryPage != null) {
            try {
                dictionary = dictionaryPage.getEncoding().initDictionary(descriptor, dictionaryPage);
            } catch (IOException e) {
                throw new ParquetDecodingException("cannot read the dictionary page: " + e.getMessage(), e);
            }
        }
        long seen = 0;
        for (DataPage page = pages.readPage(); page != null; page = pages.readPage()) {
            int n = page.getValueCount();
            try {
                if (page instanceof DataPageV1 v1) {
                    ByteBufferInputStream in = v1.getBytes().toInputStream();
                    ValuesReader rl = v1.getRlEncoding().getValuesReader(descriptor, ValuesType.REPETITION_LEVEL);
                    rl.initFromPage(n, in);
                    ValuesReader dl = v1.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
                    dl.initFromPage(n, in);
                    int present = readLevels(n, dl);
                    values(v1.getValueEncoding(), n, present, in, dictionary, b);
                } else if (page instanceof DataPageV2 v2) {
                    int present = n;
                    if (maxDef > 0) {
                        RunLengthBitPackingHybridDecoder dl = new RunLengthBitPackingHybridDecoder(
                            BytesUtils.getWidthFromMaxInt(maxDef), v2.getDefinitionLevels().toInputStream());
                        present = readLevels(n, dl);
                    }
                    values(v2.getDataEncoding(), n, present, v2.getData().toInputStream(), dictionary, b);
                } else {
                    throw new ParquetDecodingException("unknown data page kind " + page.getClass().getSimpleName());
                }
            } catch (IOException e) {
                throw new ParquetDecodingException("cannot read a data page: " + e.getMessage(), e);
            }
            seen += n;
        }
        if (seen != rows) {
            throw new ParquetDecodingException("found " + seen + " values, expected " + rows + " (one per row)");
        }
    }

    /** Reads a page's definition levels into {@link #levels}; returns how many are non-null. */
    private int readLevels(int n, ValuesReader dl) {
        if (maxDef == 0) {
            return n;
        }
        int[] lv = levelsOf(n);
        int present = 0;
        for (int i = 0; i < n; i++) {
            lv[i] = dl.readInteger();
            present += lv[i] == maxDef ? 1 : 0;
        }
        return present;
    }

    private int readLevels(int n, RunLengthBitPackingHybridDecoder dl) throws IOException {
        int[] lv = levelsOf(n);
        int present = 0;
        for (int i = 0; i < n; i++) {
            lv[i] = dl.readInt();
            present += lv[i] == maxDef ? 1 : 0;
        }
        return present;
    }

    private int[] levelsOf(int n) {
        if (levels.length < n) {
            levels = new int[n];
        }
        return levels;
    }

    private void values(Encoding encoding, int n, int present, ByteBufferInputStream in, Dictionary dictionary,
                        ColumnBuilder b) throws IOException {
        if (encoding == Encoding.PLAIN) {
            ByteBuffer plain = in.slice(present * width());
            if (present == n) {
                b.appendPlain(plain, n);
                return;
            }
            for (int i = 0; i < n; ) {
                if (levels[i] != maxDef) {
                    b.appendNull();
                    i++;
                    continue;
                }
                int run = i;
                while (run < n && levels[run] == maxDef) {
                    run++;
                }
                b.appendPlain(plain, run - i);
                i = run;
            }
            return;
        }
        ValuesReader reader;
        if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw new ParquetDecodingException("found a " + encoding + " page without a dictionary page");
            }
            reader = encoding.getDictionaryBasedValuesReader(descriptor, ValuesType.VALUES, dictionary);
        } else {
            reader = encoding.getValuesReader(descriptor, ValuesType.VALUES);
        }
        reader.initFromPage(present, in);
        for (int i = 0; i < n; i++) {
            if (maxDef > 0 && levels[i] != maxDef) {
                b.appendNull();
                continue;
            }
            switch (kind) {
                case DOUBLE -> b.appendDouble(reader.readDouble());
                case FLOAT -> b.appendFloat(reader.readFloat());
                case LONG, TIMESTAMP_MICROS -> b.appendLong(reader.readLong());
                case INT -> b.appendInt(reader.readInteger());
                default -> throw new InvalidStateException("unreachable: " + kind);
            }
        }
    }

    private int width() {
        return switch (kind) {
            case DOUBLE, LONG, TIMESTAMP_MICROS -> 8;
            case FLOAT, INT -> 4;
            default -> throw new InvalidStateException("unreachable: " + kind);
        };
    }
}
