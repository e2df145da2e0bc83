typeset -g __instant_prompt_ready=1
