/* git2.h (placeholder) */
