package dev.mephisto.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that keep Mephisto's face and machinery apart, for any root package: core's
 * {@code dev.mephisto}, or the planted classes that prove each rule can fail.
 *
 * <p>The face is the root package and its {@code testing}, {@code broker} and {@code cli}
 * packages; the machinery is everything under {@code <root>.internal}. The machinery uses the
 * face's types (a compiler reads {@code Topic}s), so the face may reach the machinery only through
 * its doors: {@code App} (compiles its declarations), {@code Worker} (starts the engine), and the
 * static factories of {@code Codec}, {@code TopicClient}, {@code Sinks} and {@code Feeds} (which name the
 * implementations they return). Any other face class that touches the machinery closes a circle.
 */
final class ArchitectureRules {

    /** Face classes that may name the machinery: entry points and factories of interfaces. */
    static final List<String> DOORS = List.of("App", "Worker", "Codec", "TopicClient", "Sinks", "Feeds");

    /** The interfaces whose static factories name their implementations (an allowed file circle). */
    static final List<String> FACTORY_INTERFACES = List.of("Codec", "TopicClient");

    private ArchitectureRules() {
    }

    /** No circle between packages under {@code root}, once the doors' dependencies are set aside. */
    static ArchRule noPackageCycles(String root) {
        return slices().assignedFrom(byPackage(root))
                .should().beFreeOfCycles()
                .ignoreDependency(door(root, DOORS), internal(root))
                .as("no package cycle under " + root + " (the face reaches " + root + ".internal only through "
                        + DOORS + ")");
    }

    /**
     * No circle between files (top-level classes) under {@code root}, except an interface with
     * static factories and the implementations they name, and the types of the root package
     * itself: they are one API's vocabulary and name each other freely (a context hands out
     * tables, a table takes a close handler that gets a context), like Kafka's KStream and KTable.
     */
    static ArchRule noFileCycles(String root) {
        return slices().assignedFrom(byTopLevelClass(root))
                .should().beFreeOfCycles()
                .ignoreDependency(door(root, FACTORY_INTERFACES), internal(root))
                .ignoreDependency(inPackage(root), inPackage(root))
                .as("no import circle between files under " + root + " (except " + FACTORY_INTERFACES
                        + " and their implementations)");
    }

    /** No public or protected signature of a face type mentions a type of {@code <root>.internal}. */
    static ArchRule faceSignaturesNameNoInternalType(String root) {
        return ArchRuleDefinition.classes()
                .that(face(root)).and().arePublic()
                .should(nameNoInternalTypeInSignatures(root))
                .allowEmptyShould(true)
                .as("no public signature of the face of " + root + " mentions an " + root + ".internal type");
    }

    private static SliceAssignment byPackage(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                return pkg.equals(root) || pkg.startsWith(root + ".") ? SliceIdentifier.of(pkg)
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages under " + root;
            }
        };
    }

    private static SliceAssignment byTopLevelClass(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                if (!pkg.equals(root) && !pkg.startsWith(root + ".")) {
                    return SliceIdentifier.ignore();
                }
                String name = javaClass.getName();
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "files under " + root;
            }
        };
    }

    private static DescribedPredicate<JavaClass> door(String root, List<String> simpleNames) {
        Set<String> names = new LinkedHashSet<>();
        simpleNames.forEach(simple -> names.add(root + "." + simple));
        return DescribedPredicate.describe("a door of the face " + simpleNames,
                javaClass -> names.contains(topLevelName(javaClass)));
    }

    private static DescribedPredicate<JavaClass> inPackage(String pkg) {
        return DescribedPredicate.describe("in " + pkg, javaClass -> javaClass.getPackageName().equals(pkg));
    }

    private static DescribedPredicate<JavaClass> internal(String root) {
        return DescribedPredicate.describe("in " + root + ".internal",
                javaClass -> isInternal(root, javaClass.getName()));
    }

    private static DescribedPredicate<JavaClass> face(String root) {
        return DescribedPredicate.describe("in the face of " + root, javaClass -> {
            String pkg = javaClass.getPackageName();
            return pkg.equals(root) || pkg.equals(root + ".testing") || pkg.equals(root + ".broker")
                    || pkg.equals(root + ".cli");
        });
    }

    private static ArchCondition<JavaClass> nameNoInternalTypeInSignatures(String root) {
        return new ArchCondition<>("name no " + root + ".internal type in a public signature") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getRawSuperclass().ifPresent(superclass ->
                        report(javaClass, "extends", superclass, events));
                javaClass.getRawInterfaces().forEach(implemented ->
                        report(javaClass, "implements", implemented, events));
                for (JavaMember member : javaClass.getMembers()) {
                    if (!visible(member)) {
                        continue;
                    }
                    if (member instanceof JavaField field) {
                        check(javaClass, field.getFullName(), field.getType(), events);
                    }
                    if (member instanceof JavaCodeUnit codeUnit) {
                        check(javaClass, codeUnit.getFullName(), codeUnit.getReturnType(), events);
                        codeUnit.getParameterTypes().forEach(type ->
                                check(javaClass, codeUnit.getFullName(), type, events));
                        codeUnit.getThrowsClause().getTypes().forEach(type ->
                                check(javaClass, codeUnit.getFullName(), type, events));
                    }
                }
            }

            private boolean visible(JavaMember member) {
                Set<JavaModifier> modifiers = member.getModifiers();
                return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
            }

            private void check(JavaClass owner, String where, JavaType type, ConditionEvents events) {
                for (JavaClass involved : type.getAllInvolvedRawTypes()) {
                    report(owner, where + " mentions", involved, events);
                }
            }

            private void report(JavaClass owner, String where, JavaClass involved, ConditionEvents events) {
                if (isInternal(root, involved.getName())) {
                    events.add(SimpleConditionEvent.violated(owner,
                            owner.getName() + ": " + where + " " + involved.getName()
                                    + ", a machinery type in the face: return or take a face type instead"));
                }
            }
        };
    }

    private static boolean isInternal(String root, String className) {
        return className.startsWith(root + ".internal.");
    }

    private static String topLevelName(JavaClass javaClass) {
        String name = javaClass.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }
}
