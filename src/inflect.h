/* inflect.h - a Russian role name (a noun phrase in the nominative, as a
 * role's heading has it) put into another case, for the role-case hint:
 * "Руководитель смены" -> dative "руководителю смены". Candidate endings
 * of the phrase's leading adjectives and head noun, kept only when the
 * Hunspell dictionary spells them and reads them as forms of the same
 * word. Included by: lint. */
#ifndef SVCBOOK_INFLECT_H
#define SVCBOOK_INFLECT_H

/* The name in case ("gen", "dat", "acc", "ins", "pre"; a person: the
 * accusative of a masculine noun is its genitive), its first letter in
 * lower case unless the word is an acronym; NULL when the name is not
 * Russian or a form cannot be made and checked. Caller frees. */
char *inflect_name(const char *name, const char *gram_case);

#endif
