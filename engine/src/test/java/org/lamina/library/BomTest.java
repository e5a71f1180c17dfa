package org.lamina.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * bom/pom.xml lists every artifact the build publishes (each module that is not an aggregator), so a
 * project that imports it gets them all at one version; and every POM a user downloads carries the
 * licence, scm and developers (from the parent, or its own where it has none).
 */
class BomTest {

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
        Path root = root();
        TreeSet<String> published = new TreeSet<>();
        for (Path pom : poms(root)) {
            Document d = parse(pom);
            String packaging = child(d.getDocumentElement(), "packaging");
            if (packaging == null || !packaging.equals("pom")) {
                published.add(child(d.getDocumentElement(), "artifactId"));
            }
        }
        assertTrue(published.contains("lamina-engine"), "the engine is found among " + published);

        Document bom = parse(root.resolve("bom/pom.xml"));
        TreeSet<String> listed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            assertEquals("org.lamina", child(dep, "groupId"));
            assertEquals("${project.version}", child(dep, "version"), child(dep, "artifactId"));
            listed.add(child(dep, "artifactId"));
        }
        assertEquals(published, listed, "bom/pom.xml must list exactly the modules the build publishes");

        Document parent = parse(root.resolve("pom.xml"));
        assertEquals(child(parent.getDocumentElement(), "version"), child(bom.getDocumentElement(), "version"),
                "the BOM has the project's version");
    }

    @Test
    void everyPomThatHasNoLaminaParentCarriesLicenceScmAndDevelopers() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Path pom : poms(root())) {
            Element project = parse(pom).getDocumentElement();
            Element parent = firstChild(project, "parent");
            boolean inherits = parent != null && "org.lamina".equals(child(parent, "groupId"));
            if (!inherits) {
                for (String tag : List.of("url", "licenses", "scm", "developers")) {
                    if (firstChild(project, tag) == null) {
                        missing.add(pom + ": no <" + tag + ">");
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
        Element license = firstChild(firstChild(parse(root().resolve("pom.xml")).getDocumentElement(), "licenses"), "license");
        assertEquals("Apache-2.0", child(license, "name"));
        assertTrue(Files.readString(root().resolve("LICENSE")).contains("Apache License")
                && Files.readString(root().resolve("LICENSE")).contains("Version 2.0, January 2004"), "LICENSE is Apache-2.0's text");
    }

    private static List<Path> poms(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> root.relativize(p).toString().chars().filter(c -> c == '/').count() < 4)
                    .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target|src|\\.lamina|\\.git)/.*"))
                    .sorted().toList();
        }
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Element firstChild(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c;
            }
        }
        return null;
    }

    private static String child(Element e, String tag) {
        Element c = firstChild(e, tag);
        return c == null ? null : c.getTextContent().strip();
    }

    static Path root() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(d.resolve("engine/pom.xml"))) {
                return d;
            }
        }
        throw new IOException("the project's root (README.md, engine/pom.xml) not found above " + Path.of("").toAbsolutePath());
    }
}
