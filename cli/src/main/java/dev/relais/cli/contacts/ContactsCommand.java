package dev.relais.cli.contacts;

import picocli.CommandLine.Command;

/** {@code relais-cli contacts}: the contacts a platform holds, which live outside etcd. */
@Command(
    name = "contacts",
    mixinStandardHelpOptions = true,
    description = "Import a contacts file; export or erase what is held about a number (GDPR).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      ImportContactsCommand.class,
      ExportContactCommand.class,
      EraseContactCommand.class
    })
public final class ContactsCommand {}
