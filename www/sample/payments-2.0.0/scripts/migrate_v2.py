"""One-off migration from customer ids to customer objects (written in a hurry)."""

import sys

def main(path):
    for line in open(path):
        print "migrating", line.strip()


if __name__ == "__main__":
    main(sys.argv[1])
