<?php
$version = 'it\'s';
$x = [1 => [2, [3]], 'k' => null, TRUE, .5, 1., 0b1_0, 0777];
