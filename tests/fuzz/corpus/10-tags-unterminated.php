<?= 1 ?>
<? $x = 1; ?>
<?php
$x = <<<"A"
		x
		A;
/* unterminated