package dev.lockfree.eventstore.architecture;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.lockfree.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's dependency directions (issue 15, items 1 and 6): it depends on the JDK and the JDK-only stream
 * protocol ({@code dev.lockfree.eventstore.protocol}, which has its own JDK-only test) and nothing else, and its
 * packages form no cycle. The classes are read from the core's own output directory (where
 * {@link EventStore} was loaded from), so no class of a test or of another module is ever judged.
 */
class CoreArchitectureTest {

    private static final String PROTOCOL_PACKAGE = "dev.lockfree.eventstore.protocol";

    private static final JavaClasses CORE = new ClassFileImporter().importPath(outputDirectoryOf(EventStore.class));
    private static final Set<String> CORE_CLASS_NAMES = CORE.stream().map(JavaClass::getName)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * The core's main classes use {@code java.*}, the protocol package and each other, nothing else: no library,
     * and no other module of this project (Boot, client, Kafka).
     */
    static final ArchRule CORE_DEPENDS_ON_THE_JDK_ONLY = classes()
            .should().onlyDependOnClassesThat(DescribedPredicate.describe(
                    "are in java.*, in " + PROTOCOL_PACKAGE + " or in the core itself",
                    CoreArchitectureTest::isJdkOrCore));

    /** One slice per package, the root package dev.lockfree.eventstore included. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("dev.lockfree.eventstore")
                    ? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of dev.lockfree.eventstore";
        }
    }).should().beFreeOfCycles();

    /**
     * Snapshot persistence reaches the store through its public API and {@code StoreInternals} only, never the
     * ring's own types (issue 15, item 2): the ring's layout and protocol can change without touching it.
     */
    static final ArchRule SNAPSHOT_DOES_NOT_DEPEND_ON_PARTITION = noClasses()
            .that().resideInAPackage("dev.lockfree.eventstore.snapshot..")
            .should().dependOnClassesThat().resideInAPackage("dev.lockfree.eventstore.partition..");

    @Test
    void readsTheWholeCore() {
        assertThat(CORE_CLASS_NAMES).contains(EventStore.class.getName(),
                "dev.lockfree.eventstore.snapshot.Snapshotter");
        assertThat(CORE_CLASS_NAMES).noneMatch(name -> name.endsWith("Test"));
    }

    @Test
    void coreDependsOnTheJdkOnly() {
        CORE_DEPENDS_ON_THE_JDK_ONLY.check(CORE);
    }

    @Test
    void theJdkOnlyRuleRejectsAnythingElse() {
        // this test class uses JUnit, AssertJ and ArchUnit: the rule must report it
        JavaClasses outsider = new ClassFileImporter().importClasses(CoreArchitectureTest.class);
        assertThat(CORE_DEPENDS_ON_THE_JDK_ONLY.evaluate(outsider).hasViolation()).isTrue();
    }

    @Test
    void theCoreUsesTheProtocol() {
        assertThat(CORE.get("dev.lockfree.eventstore.stream.EventStreams").getDirectDependenciesFromSelf())
                .anyMatch(d -> d.getTargetClass().getPackageName().equals(PROTOCOL_PACKAGE));
        assertThat(CORE_CLASS_NAMES).noneMatch(name -> name.startsWith(PROTOCOL_PACKAGE + "."));
    }

    @Test
    void snapshotDoesNotDependOnPartition() {
        SNAPSHOT_DOES_NOT_DEPEND_ON_PARTITION.check(CORE);
    }

    @Test
    void corePackagesFormNoCycle() {
        NO_PACKAGE_CYCLES.check(CORE);
    }

    private static boolean isJdkOrCore(JavaClass target) {
        JavaClass type = target.isArray() ? target.getBaseComponentType() : target;
        return type.isPrimitive() || type.getPackageName().startsWith("java.")
                || type.getPackageName().equals(PROTOCOL_PACKAGE) || CORE_CLASS_NAMES.contains(type.getName());
    }

    private static Path outputDirectoryOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
