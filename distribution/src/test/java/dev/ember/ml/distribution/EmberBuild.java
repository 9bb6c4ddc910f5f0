package dev.ember.ml.distribution;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Ember's checkout as the tests see it: the root, its version, and POM files read as DOM. */
final class EmberBuild {
    /** The checkout's root directory (from the build: {@code ember.root}). */
    static final Path ROOT = Path.of(System.getProperty("ember.root", "..")).toAbsolutePath().normalize();

    private EmberBuild() {
    }

    static Document pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** @return the text of the first direct child of {@code parent} named {@code name}, or null */
    static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    /** @return the direct child element of {@code parent} named {@code name}, or null */
    static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** @return the {@code dependency} elements of a POM's {@code dependencyManagement} */
    static List<Element> managedDependencies(Document pom) {
        Element dm = element(pom.getDocumentElement(), "dependencyManagement");
        List<Element> out = new ArrayList<>();
        if (dm == null) {
            return out;
        }
        NodeList deps = element(dm, "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            out.add((Element) deps.item(i));
        }
        return out;
    }

    /** @return the root POM's {@code <properties>} value, or null */
    static String property(Document pom, String name) {
        return child(element(pom.getDocumentElement(), "properties"), name);
    }

    /** @return the checkout's version, from the root POM */
    static String version() throws Exception {
        return child(pom(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    }
}
