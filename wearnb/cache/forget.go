package cache

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// Forget deletes everything the cache holds for one account of a provider:
// its records, the raw pages they came from and the ledger of fetched
// chunks, in one transaction, so the next Sync starts from nothing. Other
// accounts and providers are untouched. It returns the number of rows
// deleted from the account's tables (records and ledger entries; raw pages
// and stages go with them).
//
// Every table with provider and account columns counts, so tables added
// later (heart rate, vitals) are forgotten too without a change here.
func (c *Cache) Forget(ctx context.Context, provider, account string) (int64, error) {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("cache: forget %s/%s: %w", provider, account, err)
	}
	defer tx.Rollback()
	tables, err := accountTables(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("cache: forget %s/%s: %w", provider, account, err)
	}
	var n int64
	for _, t := range tables {
		res, err := tx.ExecContext(ctx, `DELETE FROM "`+t+`" WHERE provider = ? AND account = ?`, provider, account)
		if err != nil {
			return 0, fmt.Errorf("cache: forget %s/%s in %s: %w", provider, account, t, err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("cache: forget %s/%s: %w", provider, account, err)
	}
	return n, nil
}

// accountTables lists the tables that have both a provider and an account
// column, sorted by name.
func accountTables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.name FROM sqlite_master AS m
		WHERE m.type = 'table'
		AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'provider')
		AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'account')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}
