package dev.ember.ml.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files and commands of {@code docs/GettingStarted.md}: each fenced block right after a
 * {@code <!-- getting-started-file: PATH -->} comment is a file of the user's project, each block after
 * {@code <!-- getting-started-run -->} a shell script run in it. The test builds what the page shows, nothing else.
 *
 * @param files project-relative path to content, in page order
 * @param commands the shell blocks, in page order
 */
record GettingStartedPage(Map<String, String> files, List<String> commands) {
    private static final Pattern BLOCK = Pattern.compile(
        "<!-- getting-started-(file: (\\S+)|run) -->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    static GettingStartedPage read(Path page) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> commands = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(page));
        while (m.find()) {
            if (m.group(2) != null) {
                files.put(m.group(2), m.group(3) + "\n");
            } else {
                commands.add(m.group(3) + "\n");
            }
        }
        return new GettingStartedPage(Map.copyOf(files), List.copyOf(commands));
    }
}
