/* sqlite3.h (placeholder) */
