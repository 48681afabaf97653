<?php
$plugin->x = <<<'EOT'
    $plugin->version = 9;
    EOT;
$plugin->y = <<<EOT
plain
EOT;
$plugin->version = -1.5e+3;
