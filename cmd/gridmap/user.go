package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"gridmap/auth"
	"gridmap/data"
)

// userCommand runs "gridmap user add|list|disable|enable|passwd", which
// manage accounts in the same database the server uses (-db).
func userCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprint(stderr, `Usage:
  gridmap user add -username NAME -role ROLE [-name NAME] [-cells CODE,CODE] [-unit CODE] [-mediator ID] [-db DB]
  gridmap user list [-db DB]
  gridmap user disable|enable -username NAME [-db DB]
  gridmap user passwd -username NAME [-db DB]
add and passwd read the password from the first line of standard input.
Roles: `+strings.Join(data.Roles, ", ")+"\n")
	}
	if len(args) == 0 {
		usage()
		return errors.New("user: a subcommand is required")
	}
	sub := args[0]
	fs := flag.NewFlagSet("gridmap user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = usage
	db := fs.String("db", firstEnv(getenv, "gridmap.db", "GRIDMAP_DB", "DATABASE_URL"), "SQLite file path or postgres:// URL")
	username := fs.String("username", "", "the account's username")
	role := fs.String("role", "", "the account's role")
	name := fs.String("name", "", "display name")
	cells := fs.String("cells", "", "comma-separated cell codes (grid_worker)")
	unit := fs.String("unit", "", "unit code (unit_cadre, mediator)")
	mediator := fs.Int64("mediator", 0, "the mediator record this account is (mediator)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("user %s: unexpected argument %q", sub, fs.Arg(0))
	}
	needName := func() error {
		if *username == "" {
			return fmt.Errorf("user %s: -username is required", sub)
		}
		return nil
	}
	switch sub {
	case "add", "passwd", "disable", "enable":
		if err := needName(); err != nil {
			return err
		}
	case "list":
	default:
		usage()
		return fmt.Errorf("user: unknown subcommand %q", sub)
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()

	switch sub {
	case "list":
		us, err := store.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tSCOPE\tSTATUS")
		for _, u := range us {
			scope := u.UnitCode + strings.Join(u.Cells, ",")
			status := "active"
			if u.Disabled {
				status = "disabled"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Name, u.Role, scope, status)
		}
		return tw.Flush()
	case "add":
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u := &data.User{Username: *username, Name: *name, Role: *role, UnitCode: *unit, MediatorID: *mediator}
		if *cells != "" {
			u.Cells = strings.Split(*cells, ",")
		}
		if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return err
		}
		if err := store.CreateUser(ctx, u); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %s (id %d, %s)\n", u.Username, u.ID, u.Role)
		return nil
	}
	u, err := store.UserByName(ctx, *username)
	if err != nil {
		return err
	}
	u.PasswordHash = "" // UpdateUser keeps the stored one unless passwd sets a new one
	switch sub {
	case "passwd":
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		// UpdateUser ends the sessions and revokes the tokens with it.
		if u.PasswordHash, err = auth.HashPassword(pw); err != nil {
			return err
		}
	case "disable":
		u.Disabled = true
	case "enable":
		u.Disabled = false
	}
	if err := store.UpdateUser(ctx, u); err != nil {
		return err
	}
	if sub == "disable" {
		if err := store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
	}
	if sub == "passwd" {
		if _, err := store.ClearLoginFailures(ctx, u.Username, ""); err != nil { // ends its login locks
			return err
		}
	}
	fmt.Fprintf(stdout, "%s: done for user %s\n", sub, u.Username)
	return nil
}

// readPassword reads the first line of stdin and checks it.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := auth.CheckNewPassword(pw); err != nil {
		return "", fmt.Errorf("password from standard input: %v", err)
	}
	return pw, nil
}

// firstEnv returns the first non-empty environment variable of names, or def.
func firstEnv(getenv func(string) string, def string, names ...string) string {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return v
		}
	}
	return def
}
