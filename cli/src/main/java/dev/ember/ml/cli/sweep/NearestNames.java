package dev.ember.ml.cli.sweep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" suggestions by edit distance. */
final class NearestNames {
    private NearestNames() {
    }

    /**
     * @param name       a misspelt name
     * @param candidates the valid names
     * @return " (did you mean X, Y?)" with up to three names within a third of the name's length in edit
     *     distance, case-insensitive; else the list of valid names
     */
    static String suggest(String name, Collection<String> candidates) {
        return suggest(name, candidates, true);
    }

    /**
     * @param name       a misspelt name
     * @param candidates the valid names
     * @param listIfNone whether to list the valid names when none is close (false when the message lists them)
     * @return the suggestion, or ""
     */
    static String suggest(String name, Collection<String> candidates, boolean listIfNone) {
        List<String> close = new ArrayList<>();
        int limit = Math.max(2, name.length() / 3);
        candidates.stream()
            .sorted(Comparator.comparingInt(c -> distance(name.toLowerCase(), c.toLowerCase())))
            .filter(c -> distance(name.toLowerCase(), c.toLowerCase()) <= limit
                || c.toLowerCase().contains(name.toLowerCase()))
            .limit(3).forEach(close::add);
        if (!close.isEmpty()) {
            return " (did you mean " + String.join(", ", close) + "?)";
        }
        return listIfNone ? " (expected one of " + candidates.stream().sorted().toList() + ")" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
