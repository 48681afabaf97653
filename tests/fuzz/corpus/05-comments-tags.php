<?php
// ?> inline
<?php
# hash ?>
<?php /* block ?> */ $plugin->version = "a\tb\x41\101\$";
