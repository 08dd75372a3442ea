import { ApiPage } from '@casenet/service-runtime';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow, READERS } from '@casenet/auth';
import type { Page } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { OrderListQuery } from './order-commands.dto.js';
import { OrderView } from './order.view.js';
import { OrdersService } from './orders.service.js';

const PURPOSE = 'juvenile-proceedings';

class OrderPage implements Page<OrderView> {
  @ApiProperty({ type: [OrderView] })
  items!: OrderView[];

  @ApiProperty({ example: 1 })
  total!: number;
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get()
  @ApiOperation({ summary: 'Mandates worklist: orders by mandate state or overdue acknowledgement, earliest deadline first' })
  @ApiOkResponse({ type: OrderPage })
  @ApiPage(OrderView)
  list(@Query() query: OrderListQuery): Promise<Page<OrderView>> {
    return this.orders.list({ mandateState: query.mandateState, overdue: query.overdue }, query.limit, query.offset);
  }

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get(':id')
  @ApiOperation({ summary: 'One order, its mandate’s progress and the latest report of social services' })
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse({ description: 'No order with this id' })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<OrderView> {
    return this.orders.view(id);
  }
}
