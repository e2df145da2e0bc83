export PAGER=less
