/* main.c - the dangjian program: dispatch to the CLI subcommands. */
#include "base/compat.h"
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return dj_cli_main(argc, argv);
}
