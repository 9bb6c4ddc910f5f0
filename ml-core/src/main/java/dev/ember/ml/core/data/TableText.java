package dev.ember.ml.core.data;

import java.util.List;

/**
 * Lays rows out as an aligned text table, as Spark's {@code Dataset.show} does: a border line, a header, the
 * rows, cells right-aligned and cut to 20 characters ({@code ...} marks a cut).
 */
final class TableText {
    static final int MAX_CELL = 20;

    private TableText() {
    }

    static String render(List<String> header, List<List<String>> rows) {
        int k = header.size();
        int[] width = new int[k];
        for (int j = 0; j < k; j++) {
            width[j] = Math.max(3, cut(header.get(j)).length());
            for (List<String> r : rows) {
                width[j] = Math.max(width[j], cut(r.get(j)).length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int w : width) {
            line.append("-".repeat(w)).append('+');
        }
        line.append('\n');
        StringBuilder sb = new StringBuilder(line);
        appendRow(sb, header, width);
        sb.append(line);
        for (List<String> r : rows) {
            appendRow(sb, r, width);
        }
        return sb.append(line).toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int j = 0; j < width.length; j++) {
            String c = cut(cells.get(j));
            sb.append(" ".repeat(width[j] - c.length())).append(c).append('|');
        }
        sb.append('\n');
    }

    private static String cut(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= MAX_CELL ? one : one.substring(0, MAX_CELL - 3) + "...";
    }
}
