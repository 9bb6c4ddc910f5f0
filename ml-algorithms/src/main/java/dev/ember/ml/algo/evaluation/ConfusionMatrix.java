package dev.ember.ml.algo.evaluation;

import dev.ember.ml.core.InvalidArgumentException;

import java.util.ArrayList;
import java.util.List;

/**
 * A confusion matrix: {@code counts[actual][predicted]}, the (weighted) number of rows of each true class given
 * each predicted class, as Spark's {@code MulticlassMetrics.confusionMatrix} (rows are labels, columns are
 * predictions). Classes are named by the labels a {@code StringIndexer} gave the label column, when it did, else
 * by their indices.
 *
 * @param labels the name of each class index 0..k-1
 * @param counts {@code counts[actual][predicted]}, k x k
 */
public record ConfusionMatrix(List<String> labels, double[][] counts) {

    /** Copies and checks the shape. */
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        double[][] copy = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new InvalidArgumentException("confusion matrix: row " + i + " has " + counts[i].length
                    + " columns, expected " + counts.length);
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
        if (labels.size() != counts.length) {
            throw new InvalidArgumentException("confusion matrix: found " + labels.size() + " labels, expected "
                + counts.length);
        }
    }

    /** @return the number of classes */
    public int numClasses() {
        return counts.length;
    }

    /**
     * @param actual a true class index
     * @param predicted a predicted class index
     * @return the (weighted) number of rows of class {@code actual} predicted as {@code predicted}
     */
    public double count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /**
     * @param actual a true class label
     * @param predicted a predicted class label
     * @return the (weighted) number of rows of class {@code actual} predicted as {@code predicted}
     */
    public double count(String actual, String predicted) {
        return counts[indexOf(actual)][indexOf(predicted)];
    }

    @Override
    public double[][] counts() {
        double[][] out = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i].clone();
        }
        return out;
    }

    private int indexOf(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new InvalidArgumentException("class '" + label + "' not found; the classes are "
                + labels);
        }
        return i;
    }

    /** @return the matrix as a table: one row per true class, one column per predicted class */
    @Override
    public String toString() {
        List<String> header = new ArrayList<>();
        header.add("actual \\ predicted");
        header.addAll(labels);
        int[] width = new int[header.size()];
        for (int j = 0; j < header.size(); j++) {
            width[j] = header.get(j).length();
        }
        String[][] cells = new String[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            cells[i] = new String[counts.length + 1];
            cells[i][0] = labels.get(i);
            width[0] = Math.max(width[0], labels.get(i).length());
            for (int j = 0; j < counts.length; j++) {
                double v = counts[i][j];
                cells[i][j + 1] = v == Math.rint(v) ? Long.toString((long) v) : String.format("%.3f", v);
                width[j + 1] = Math.max(width[j + 1], cells[i][j + 1].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header.toArray(String[]::new), width);
        for (String[] row : cells) {
            appendRow(sb, row, width);
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] row, int[] width) {
        for (int j = 0; j < row.length; j++) {
            String pad = " ".repeat(width[j] - row[j].length());
            sb.append(j == 0 ? row[j] + pad : "  " + pad + row[j]);
        }
        sb.append('\n');
    }
}
