package dev.ember.ml.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exit codes and usage errors: every command documents its exit codes with the same meanings, a command group
 * run without a subcommand prints its usage and exits 2, and a {@code --tracking-uri} naming a directory that
 * does not exist is refused (exit 2) instead of creating an empty store.
 */
class ExitCodesTest {

    @Test
    void shouldDocumentTheExitCodesOfEveryCommandWithTheSameMeanings() {
        List<String> missing = new ArrayList<>();
        List<CommandLine> all = new ArrayList<>();
        collect(Ember.commandLine(), all);
        assertTrue(all.size() >= 20, "found " + all.size() + " commands");
        for (CommandLine c : all) {
            String name = c.getCommandSpec().qualifiedName();
            if (name.endsWith(" help")) {
                continue;
            }
            Map<String, String> codes = c.getCommandSpec().usageMessage().exitCodeList();
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (codes.isEmpty() || !help.contains("Exit codes:")) {
                missing.add(name);
                continue;
            }
            String usage = codes.get("2");
            assertTrue(usage != null && (usage.contains("bad usage") || usage.contains("no subcommand")
                || usage.contains("bad options")), name + ": code 2 is bad usage, found " + codes);
            if (codes.containsKey("1")) {
                assertTrue(codes.get("1").contains("fail"), name + ": code 1 is a failure, found " + codes);
            }
            if (codes.containsKey("3") && !name.equals("ember executor")) {
                assertTrue(codes.get("3").contains("did not answer"), name + ": code 3, found " + codes);
            }
        }
        assertEquals(List.of(), missing, "commands without an exit-code section");
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }

    @Test
    void shouldPrintTheUsageAndExit2ForACommandGroupWithoutSubcommand() {
        for (String group : List.of("models", "features")) {
            Cli c = Cli.run(group);
            assertEquals(2, c.code(), c.toString());
            assertTrue(c.err().contains("missing subcommand") && c.err().contains("Usage: ember " + group),
                c.toString());
            assertEquals("", c.out(), "usage errors go to standard error");
        }
        Cli help = Cli.run("models", "--help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().contains("Exit codes:"), help.toString());
    }

    @Test
    void shouldRefuseATrackingUriNamingADirectoryThatDoesNotExist(@TempDir Path tmp) throws Exception {
        Path typo = tmp.resolve("mlrun");
        for (String uri : List.of(typo.toString(), typo.toUri().toString())) {
            Cli c = Cli.run("models", "list", "--tracking-uri", uri);
            assertEquals(2, c.code(), c.toString());
            assertTrue(c.err().contains("does not exist") && c.err().contains(typo.toString())
                && c.err().contains("--create-tracking-store"), c.toString());
            assertFalse(Files.exists(typo), "nothing created");
        }
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        Cli notDir = Cli.run("models", "list", "--tracking-uri", file.toString());
        assertEquals(2, notDir.code(), notDir.toString());
        assertTrue(notDir.err().contains("is a file"), notDir.toString());

        Cli created = Cli.run("models", "list", "--tracking-uri", typo.toString(), "--create-tracking-store");
        assertEquals(0, created.code(), created.toString());
        assertTrue(Files.isDirectory(typo), "created on request");
        Cli existing = Cli.run("models", "list", "--tracking-uri", typo.toString());
        assertEquals(0, existing.code(), existing.toString());
    }
}
