package dev.lockfree.eventstore.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The protocol is JDK only: the core depends on it, and the core depends on nothing else. The classes are
 * read from this module's output directory, so no test class is judged.
 */
class ProtocolArchitectureTest {

    private static final JavaClasses PROTOCOL = new ClassFileImporter().importPath(outputDirectoryOf(StreamNames.class));

    static final ArchRule PROTOCOL_DEPENDS_ON_THE_JDK_ONLY = classes()
            .should().onlyDependOnClassesThat(DescribedPredicate.describe("are in java.* or in the protocol itself",
                    ProtocolArchitectureTest::isJdkOrProtocol));

    @Test
    void readsTheWholeProtocol() {
        assertThat(PROTOCOL.stream().map(JavaClass::getName)).contains(StreamNames.class.getName(),
                ExpectedVersion.class.getName(), UntrustedText.class.getName()).noneMatch(n -> n.endsWith("Test"));
    }

    @Test
    void protocolDependsOnTheJdkOnly() {
        PROTOCOL_DEPENDS_ON_THE_JDK_ONLY.check(PROTOCOL);
    }

    @Test
    void theRuleRejectsAnythingElse() {
        JavaClasses outsider = new ClassFileImporter().importClasses(ProtocolArchitectureTest.class);
        assertThat(PROTOCOL_DEPENDS_ON_THE_JDK_ONLY.evaluate(outsider).hasViolation()).isTrue();
    }

    private static boolean isJdkOrProtocol(JavaClass target) {
        JavaClass type = target.isArray() ? target.getBaseComponentType() : target;
        return type.isPrimitive() || type.getPackageName().startsWith("java.")
                || (type.getPackageName().equals("dev.lockfree.eventstore.protocol") && !type.getSimpleName().endsWith("Test"));
    }

    private static Path outputDirectoryOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
