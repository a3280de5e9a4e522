"""Export every charge as CSV."""

import csv
import sys

from payments import PaymentClient


def main(api_key):
    writer = csv.writer(sys.stdout)
    for charge in PaymentClient(api_key).list_charges():
        writer.writerow([charge.id, charge.amount, charge.currency])


if __name__ == "__main__":
    main(sys.argv[1])
