package dev.lockfree.eventstore.boot;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot module's package directions (issue 15, items 3 and 6). {@code autoconfigure} and its
 * sub-packages wire; every other package ({@code actuate.*}, {@code metrics}, {@code observation},
 * {@code snapshot}, {@code codec} and the API package {@code boot} itself) is runtime code that the wiring
 * creates and that never looks back at it. The classes are read from this module's output directory, so
 * tests are never judged.
 */
class BootArchitectureTests {

    private static final String BOOT = "dev.lockfree.eventstore.boot";
    private static final String WIRING = "dev.lockfree.eventstore.boot.autoconfigure..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .importPath(outputDirectoryOf(EventStoreRegistry.class));

    /** Each package is a slice. */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .assignedFrom(bootSlices("the packages of " + BOOT, JavaClass::getPackageName))
            .should().beFreeOfCycles();

    /**
     * Each top-level area is a slice, a package with its sub-packages ({@code autoconfigure.*} is one,
     * {@code actuate.*} another; the API package {@code boot} is its own): no area reaches back into one
     * that uses it.
     */
    static final ArchRule NO_CYCLES_BETWEEN_AREAS = slices()
            .assignedFrom(bootSlices("the areas of " + BOOT + " (a package with its sub-packages)",
                    BootArchitectureTests::areaOf))
            .should().beFreeOfCycles();

    static final ArchRule RUNTIME_DOES_NOT_DEPEND_ON_WIRING = noClasses()
            .that().resideInAPackage(BOOT + "..").and().resideOutsideOfPackage(WIRING)
            .should().dependOnClassesThat().resideInAPackage(WIRING)
            .because("autoconfigure is the only package that wires: it creates the runtime types from the "
                    + "properties and hands them plain values");

    static final ArchRule ONLY_WIRING_USES_BOOT_AUTOCONFIGURE = noClasses()
            .that().resideInAPackage(BOOT + "..").and().resideOutsideOfPackage(WIRING)
            .should().dependOnClassesThat().resideInAPackage("org.springframework.boot.autoconfigure..")
            .because("conditions and @AutoConfiguration belong to the wiring");

    static final ArchRule WIRING_TYPES_LIVE_IN_AUTOCONFIGURE = classes()
            .that().areMetaAnnotatedWith(Configuration.class)
            .or().areAnnotatedWith(AutoConfiguration.class)
            .or().areAnnotatedWith(ConfigurationProperties.class)
            .or().implement(BeanRegistrar.class)
            .or().implement(RuntimeHintsRegistrar.class)
            .should().resideInAPackage(WIRING);

    static final ArchRule BEAN_METHODS_LIVE_IN_AUTOCONFIGURE = methods()
            .that().areAnnotatedWith(Bean.class)
            .should().beDeclaredInClassesThat().resideInAPackage(WIRING);

    static final ArchRule API_PACKAGE_DEPENDS_ON_NO_OTHER_BOOT_PACKAGE = noClasses()
            .that().resideInAPackage(BOOT)
            .should().dependOnClassesThat(DescribedPredicate.describe("are in a sub-package of " + BOOT,
                    (JavaClass c) -> c.getPackageName().startsWith(BOOT + ".")));

    @Test
    void readsTheWholeModule() {
        assertThat(MAIN.contain(EventStoreRegistry.class)).isTrue();
        assertThat(MAIN.contain("dev.lockfree.eventstore.boot.snapshot.StoreSnapshots")).isTrue();
        assertThat(MAIN.contain("dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration")).isTrue();
        assertThat(MAIN.contain(BootArchitectureTests.class)).isFalse();
    }

    @Test
    void packagesFormNoCycle() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void areasFormNoCycle() {
        NO_CYCLES_BETWEEN_AREAS.check(MAIN);
    }

    @Test
    void runtimePackagesDoNotDependOnTheWiring() {
        RUNTIME_DOES_NOT_DEPEND_ON_WIRING.check(MAIN);
    }

    @Test
    void onlyTheWiringUsesBootsAutoConfigureModule() {
        ONLY_WIRING_USES_BOOT_AUTOCONFIGURE.check(MAIN);
    }

    @Test
    void configurationsPropertiesRegistrarsAndHintsLiveInAutoconfigure() {
        WIRING_TYPES_LIVE_IN_AUTOCONFIGURE.check(MAIN);
        BEAN_METHODS_LIVE_IN_AUTOCONFIGURE.check(MAIN);
    }

    @Test
    void theApiPackageDependsOnNoOtherBootPackage() {
        API_PACKAGE_DEPENDS_ON_NO_OTHER_BOOT_PACKAGE.check(MAIN);
    }

    /**
     * The rules have teeth: a class in {@code actuate.endpoint} that uses the properties of
     * {@code autoconfigure} (as the endpoint did before the split, and as its unit test still does) breaks
     * the direction and, since {@code autoconfigure.endpoint} creates the endpoint, closes a cycle of areas.
     */
    @Test
    void aRuntimeClassUsingTheWiringIsReported() {
        Location offender = Location.of(Objects.requireNonNull(BootArchitectureTests.class.getResource(
                "/dev/lockfree/eventstore/boot/actuate/endpoint/EventStoreEndpointTests.class")));
        JavaClasses alone = new ClassFileImporter().importLocations(List.of(offender));
        assertThat(RUNTIME_DOES_NOT_DEPEND_ON_WIRING.evaluate(alone).hasViolation()).isTrue();
        JavaClasses withMain = new ClassFileImporter().importLocations(
                List.of(Location.of(outputDirectoryOf(EventStoreRegistry.class)), offender));
        assertThat(NO_CYCLES_BETWEEN_AREAS.evaluate(withMain).hasViolation()).isTrue();
    }

    /** The first package below {@code boot}, or {@code boot} itself for the API package. */
    private static String areaOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (name.equals(BOOT)) {
            return BOOT;
        }
        String rest = name.substring(BOOT.length() + 1);
        int dot = rest.indexOf('.');
        return BOOT + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }

    private static SliceAssignment bootSlices(String description, Function<JavaClass, String> slice) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return name.equals(BOOT) || name.startsWith(BOOT + ".")
                        ? SliceIdentifier.of(slice.apply(javaClass)) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return description;
            }
        };
    }

    private static Path outputDirectoryOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
