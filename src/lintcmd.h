/* lintcmd.h - the `svcbook lint` command. Included by: main. */
#ifndef SVCBOOK_LINTCMD_H
#define SVCBOOK_LINTCMD_H

/* Its --help text. */
extern const char *const lintcmd_usage;

/* Runs `svcbook lint` with the arguments after "lint"; the exit code. */
int lintcmd_run(int argc, char **argv);

#endif
