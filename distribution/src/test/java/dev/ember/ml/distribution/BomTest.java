package dev.ember.ml.distribution;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ember-bom} pins what the build builds and tests with: its versions are ember-parent's, and every
 * library module of the reactor is in it.
 */
class BomTest {
    private static Map<String, Element> managed(Document pom) {
        Map<String, Element> out = new HashMap<>();
        for (Element d : EmberBuild.managedDependencies(pom)) {
            String classifier = EmberBuild.child(d, "classifier");
            out.put(EmberBuild.child(d, "groupId") + ":" + EmberBuild.child(d, "artifactId")
                + (classifier == null ? "" : ":" + classifier), d);
        }
        return out;
    }

    @Test
    void shouldHaveNoParentSoThatTheBuildsOwnToolsDoNotReachAUsersProject() throws Exception {
        Document bom = EmberBuild.pom(EmberBuild.ROOT.resolve("ember-bom/pom.xml"));
        assertNull(EmberBuild.element(bom.getDocumentElement(), "parent"));
        assertEquals("pom", EmberBuild.child(bom.getDocumentElement(), "packaging"));
        for (String key : managed(bom).keySet()) {
            assertTrue(!key.startsWith("org.junit") && !key.startsWith("net.jqwik")
                && !key.startsWith("uk.co.real-logic"), key);
        }
    }

    @Test
    void shouldPinTheVersionsTheBuildUses() throws Exception {
        Document parent = EmberBuild.pom(EmberBuild.ROOT.resolve("pom.xml"));
        Document bom = EmberBuild.pom(EmberBuild.ROOT.resolve("ember-bom/pom.xml"));
        assertEquals(EmberBuild.version(), EmberBuild.child(bom.getDocumentElement(), "version"));
        assertEquals(EmberBuild.version(), EmberBuild.property(bom, "ember.version"));
        for (String p : new String[] {"nd4j.version", "openblas.version", "javacpp.version", "slf4j.version"}) {
            assertEquals(EmberBuild.property(parent, p), EmberBuild.property(bom, p), p);
        }
        String classifier = EmberBuild.property(parent, "native.classifier");
        Map<String, Element> m = managed(bom);
        for (String a : new String[] {"org.nd4j:nd4j-native", "org.bytedeco:openblas", "org.bytedeco:javacpp"}) {
            assertTrue(m.containsKey(a), a);
            assertTrue(m.containsKey(a + ":" + classifier), a + ":" + classifier);
        }
    }

    @Test
    void shouldManageEveryLibraryModuleOfTheReactor() throws Exception {
        Document parent = EmberBuild.pom(EmberBuild.ROOT.resolve("pom.xml"));
        NodeList modules = EmberBuild.element(parent.getDocumentElement(), "modules").getElementsByTagName("module");
        List<String> libraries = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            String name = modules.item(i).getTextContent().trim();
            Path pom = EmberBuild.ROOT.resolve(name).resolve("pom.xml");
            Element project = EmberBuild.pom(pom).getDocumentElement();
            String packaging = EmberBuild.child(project, "packaging");
            // examples are programs to read and run, not a library; pom modules (the BOM, the distribution) neither
            if ((packaging == null || packaging.equals("jar")) && !name.equals("examples")) {
                libraries.add(EmberBuild.child(project, "artifactId"));
            }
        }
        assertTrue(libraries.size() >= 8, "modules found: " + libraries);
        assertEquals(libraries.stream().sorted().toList(),
            ScratchRepository.emberArtifacts().stream().sorted().toList());
        assertTrue(Files.isRegularFile(EmberBuild.ROOT.resolve("docs/GettingStarted.md")));
    }
}
